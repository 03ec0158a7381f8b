"""Who the benchmark signs in as and what its pages are called; no Django here, so locust can import it."""

PASSWORD = "bench-password-not-secret"
# The network's leads are the fifth person at each of the first schools.
NETWORK_LEADS = 10
LEAD_STAFF_NO = 4


def email(school_no: int, staff_no: int) -> str:
    return f"s{school_no:03d}-{staff_no:03d}@bench.example"


BARE = "Bare Django view (baseline)"
TEACHER_HOME = "Home (teacher)"
MY_LEARNING = "My learning"
DASHBOARD = "School dashboard (head's Home)"
CATALOGUE_PAGE = "Network catalogue"
NETWORK_REPORT = "Network report (network lead's Home)"
PAGES = [BARE, TEACHER_HOME, MY_LEARNING, DASHBOARD, CATALOGUE_PAGE, NETWORK_REPORT]

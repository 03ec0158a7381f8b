import csv
import io


def csv_sections(response) -> dict[str, list[list[str]]]:
    """The CSV download as {section title: [header row, data rows...]}."""
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    sections, current = {}, None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            current = None
        elif current is None:
            current = row[0]
            sections[current] = []
        else:
            sections[current].append(row)
    return sections

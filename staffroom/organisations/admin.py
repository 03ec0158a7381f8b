from django.contrib import admin

from .models import Department, Network, NetworkSchool, School, Subject


class NetworkSchoolInline(admin.TabularInline):
    model = NetworkSchool
    extra = 1
    autocomplete_fields = ["school"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [NetworkSchoolInline]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "phase", "time_zone"]
    search_fields = ["name", "urn"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "school"]
    list_filter = ["school"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

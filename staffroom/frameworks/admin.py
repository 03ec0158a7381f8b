from django.contrib import admin

from .models import CareerStage, Descriptor, Domain, Framework, SchoolFramework, Standard


class ReadOnlyAdmin(admin.ModelAdmin):
    """Frameworks are written only by load_frameworks, which keeps them consistent, and adoptions only through
    services, which audit them; so the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "version", "slug", "kind", "jurisdiction", "is_current"]
    list_filter = ["kind", "is_current", "jurisdiction"]
    search_fields = ["name", "short_name", "slug"]


@admin.register(CareerStage)
class CareerStageAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "framework", "order"]
    list_filter = ["framework"]


@admin.register(Domain)
class DomainAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "framework", "order"]
    list_filter = ["framework"]


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "domain", "framework", "order"]
    list_filter = ["framework"]
    search_fields = ["code", "name"]


@admin.register(Descriptor)
class DescriptorAdmin(ReadOnlyAdmin):
    list_display = ["code", "text", "career_stage", "standard", "framework"]
    list_filter = ["framework", "career_stage"]
    list_select_related = ["career_stage", "standard", "framework"]
    search_fields = ["code", "text"]


@admin.register(SchoolFramework)
class SchoolFrameworkAdmin(ReadOnlyAdmin):
    list_display = ["school", "framework", "adopted_at", "adopted_by"]
    list_filter = ["framework"]

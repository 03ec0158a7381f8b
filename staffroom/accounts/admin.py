from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, MembershipRole, NetworkMembership, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name", "preferred_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 1


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "staff_group", "is_active"]
    list_filter = ["school", "staff_group", "is_active"]
    search_fields = ["user__email", "user__last_name"]
    autocomplete_fields = ["user", "school"]
    raw_id_fields = ["line_manager", "department"]
    inlines = [MembershipRoleInline]


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role"]
    list_filter = ["network", "role"]
    autocomplete_fields = ["user"]

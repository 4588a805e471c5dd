from django import forms
from django.contrib import admin, messages

from .models import ScimIdentity, ScimToken
from .providers import configured


class ScimTokenForm(forms.ModelForm):
    provider = forms.ChoiceField(choices=())

    class Meta:
        model = ScimToken
        fields = ["provider", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.id, p.name) for p in configured()]


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    """Add one to issue a token: it is shown once, on the next page."""

    list_display = ["provider", "name", "hint", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return ["provider", "name"] if obj is None else ["provider", "name", "hint", "revoked_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ScimTokenForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["provider", "hint"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, plain = ScimToken.issue(form.cleaned_data["provider"], obj.name)
        obj.pk = token.pk
        messages.warning(request, f"The SCIM token, shown this once: {plain}")


@admin.register(ScimIdentity)
class ScimIdentityAdmin(admin.ModelAdmin):
    list_display = ["user_name", "provider", "user", "created_at", "removed_at"]
    readonly_fields = ["user", "provider", "user_name", "external_id", "created_at", "removed_at"]

"""allauth's SAML provider, remembering what single logout needs.

allauth 65's SAML provider keeps no NameID or SessionIndex of the session it began, so it
cannot ask the IdP to end that session when the person signs out of mentorkit. This app
takes the place of `allauth.socialaccount.providers.saml` under the same provider id, with
allauth's own views and URLs: its one change is to keep them (sso.actions.single_logout_url
uses them).
"""

"""allauth's OpenID Connect provider, with a nonce.

allauth 65's OpenID Connect provider sends no `nonce` and checks none, so an ID token
issued for another sign-in would be accepted if its code came back (PKCE and `state` guard
the code, not the token). This app takes the place of
`allauth.socialaccount.providers.openid_connect` under the same provider id, with allauth's
own views and URLs: its one change is the nonce, sent with each sign-in and kept in its
state; `sso.adapter.SocialAccountAdapter.pre_social_login` checks it on the way back.
"""

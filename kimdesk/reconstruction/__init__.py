"""Fallrekonstruktion (Kleve 5.5.1): from a case to a reviewed, anonymised payload.

``proposal`` reads what the case file suggests, ``service_chain`` and ``layout`` hold the
chain and its drawing, ``wording`` the theme and role words, ``content``/``review`` the
mandatory scrub and decisions, ``payload`` what is sent, ``workflow`` the service that
ties them to the store and the outbox. Lives above ``casework`` and ``privacy`` so that
neither needs the other.
"""

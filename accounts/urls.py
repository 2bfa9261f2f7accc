from django.urls import path

from accounts import views

urlpatterns = [
    path("verify/", views.verify, name="accounts_two_factor_verify"),
    path("set-up/", views.enrol, name="accounts_two_factor_enrol"),
    path("recovery-codes/", views.recovery_codes, name="accounts_recovery_codes"),
]

"""The learning account: outcomes earned elsewhere, conversion rules, applications and their audit."""

"""Records: the trust, its framework, schools, actions, evidence and reviews, and the demo trust.
Uses store, domain and the audit trail in services.safety."""

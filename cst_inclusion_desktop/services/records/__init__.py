"""Records: the trust, its framework, the inspection criteria, schools, actions, evidence
and reviews, and the demo trust. Uses store, domain and the audit trail in services.safety."""

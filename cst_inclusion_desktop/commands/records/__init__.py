"""`init`, `schools`, `principles`/`framework`, `actions`, `evidence` and `reviews`
commands. Use services and domain."""

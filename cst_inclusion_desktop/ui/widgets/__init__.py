"""Shared widgets and plumbing: form pieces, RAG badge, error dialogs and background workers.
Uses domain and services only; no other ui package."""

"""Blueprints: thin views from form to domain to storage to template."""

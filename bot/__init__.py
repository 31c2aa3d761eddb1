"""Composition root: settings, the CLI, start-up of every component in one asyncio process."""

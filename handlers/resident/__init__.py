"""Residents' features in a private chat: one router per module, included by handlers.build_root_router."""

"""The operators' group chat: binding approvals and other staff actions, one router per module."""

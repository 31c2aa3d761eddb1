"""The domain: models, use cases, DTOs, domain errors and ports. Framework-free by contract."""

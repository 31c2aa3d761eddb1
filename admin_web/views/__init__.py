"""Views: one ``RouteTableDef`` per module, added to the application in an explicit order."""

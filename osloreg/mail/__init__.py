"""Mail out of the app (issue 18): the relay connection, the digest and the meeting invitations."""

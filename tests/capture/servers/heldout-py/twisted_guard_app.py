"""Twisted web scenario server (PyPI), 127.0.0.1 only: twisted.web.guard's
HTTPAuthSessionWrapper around a resource, the documented setup (a Portal with
an InMemoryUsernamePasswordDatabaseDontUse checker), once with
BasicCredentialFactory (/basic/) and once with DigestCredentialFactory
(/digest/). Answers are Twisted's own UnauthorizedResource ("Unauthorized").
Run: python twisted_guard_app.py PORT"""
import sys

from twisted.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from twisted.cred.portal import IRealm, Portal
from twisted.internet import reactor
from twisted.web import guard, resource, server, static
from zope.interface import implementer


class Report(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"application/json")
        return b'{"report":"ok"}'


@implementer(IRealm)
class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        if resource.IResource in interfaces:
            return resource.IResource, Report(), lambda: None
        raise NotImplementedError()


def wrapped(factory):
    checker = InMemoryUsernamePasswordDatabaseDontUse(alice=b"wonderland")
    return guard.HTTPAuthSessionWrapper(Portal(Realm(), [checker]), [factory])


root = resource.Resource()
root.putChild(b"", static.Data(b"<!doctype html><title>Twisted app</title><h1>Twisted app</h1>", "text/html"))
root.putChild(b"favicon.ico", static.Data(b"", "image/x-icon"))
root.putChild(b"basic", wrapped(guard.BasicCredentialFactory(b"why401 twisted")))
root.putChild(b"digest", wrapped(guard.DigestCredentialFactory(b"md5", b"why401 twisted")))

if __name__ == "__main__":
    reactor.listenTCP(int(sys.argv[1]), server.Site(root), interface="127.0.0.1")
    reactor.run()

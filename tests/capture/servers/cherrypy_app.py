"""CherryPy scenario server (PyPI), 127.0.0.1 only: the built-in
tools.auth_basic, whose stock answer is CherryPy's 401 page
("You are not authorized to access that resource"). Run: python cherrypy_app.py PORT"""
import sys

import cherrypy


class Root:
    @cherrypy.expose
    def index(self):
        return "<!doctype html><html><head><meta charset=utf-8><title>CherryPy app</title></head><body><h1>CherryPy app</h1></body></html>"

    @cherrypy.expose
    def favicon_ico(self):
        cherrypy.response.status = 204
        return ""


class Admin:
    @cherrypy.expose
    @cherrypy.tools.json_out()
    def stats(self):
        return {"users": 42}


if __name__ == "__main__":
    cherrypy.config.update({"server.socket_host": "127.0.0.1", "server.socket_port": int(sys.argv[1]),
                            "environment": "production", "log.screen": False})
    cherrypy.tree.mount(Root(), "/")
    cherrypy.tree.mount(Admin(), "/admin", {"/": {
        "tools.auth_basic.on": True, "tools.auth_basic.realm": "why401 cherrypy",
        "tools.auth_basic.checkpassword": cherrypy.lib.auth_basic.checkpassword_dict({"alice": "wonderland"}),
        "tools.auth_basic.accept_charset": "UTF-8"}})
    cherrypy.engine.start()
    cherrypy.engine.block()

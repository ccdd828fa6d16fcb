vcl 4.1;
# varnish 7.1 in front of the Go app. /admin/ is guarded in VCL itself: the
# Basic auth recipe (req.http.Authorization compared with the base64 of
# alice:wonderland, return(synth(401)), challenge added in vcl_synth);
# everything else is passed to the backend, whose 401s varnish relays. The
# cdn.* host carries the "cache more" tweak found in many VCLs: it unsets
# Authorization and Cookie so that responses can be cached (return(hash)).
backend default { .host = "127.0.0.1"; .port = "@BACKEND@"; }
sub vcl_recv {
    if (req.url ~ "^/admin/") {
        if (req.http.Authorization != "Basic YWxpY2U6d29uZGVybGFuZA==") {
            return (synth(401, "Authentication required"));
        }
        return (synth(200, "ok"));
    }
    if (req.http.host ~ "^cdn\.") {
        unset req.http.Authorization;
        unset req.http.Cookie;
        return (hash);
    }
    return (pass);
}
sub vcl_synth {
    if (resp.status == 401) {
        set resp.http.WWW-Authenticate = {"Basic realm="why401 varnish""};
    }
}

// Go net/http + github.com/golang-jwt/jwt/v4 (Debian golang-github-golang-jwt-jwt-dev),
// the pattern of the golang-jwt README: a Bearer middleware that parses with
// jwt.Parse, checks iss/aud with the MapClaims helpers, and answers
// http.Error(w, err.Error(), 401) with an RFC 6750 challenge; /basic/ uses
// the standard library's r.BasicAuth(). Usage: go-jwt PORT SECRET
package main

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httputil"
	"os"
	"strings"

	"github.com/golang-jwt/jwt/v4"
)

const iss = "https://login.idp.test/realms/why401"
const aud = "why401-api"

func main() {
	port, secret := os.Args[1], []byte(os.Args[2])
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>go app</title><h1>go net/http</h1>\n")
	})
	mux.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if !strings.HasPrefix(h, "Bearer ") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="why401-go"`)
			http.Error(w, "missing bearer token", http.StatusUnauthorized)
			return
		}
		tok, err := jwt.Parse(strings.TrimPrefix(h, "Bearer "), func(t *jwt.Token) (interface{}, error) {
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
				return nil, fmt.Errorf("unexpected signing method: %v", t.Header["alg"])
			}
			return secret, nil
		})
		if err == nil {
			c := tok.Claims.(jwt.MapClaims)
			if !c.VerifyIssuer(iss, true) {
				err = fmt.Errorf("token has invalid issuer")
			} else if !c.VerifyAudience(aud, true) {
				err = fmt.Errorf("token has invalid audience")
			}
		}
		if err != nil {
			w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="why401-go", error="invalid_token", error_description=%q`, err.Error()))
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]interface{}{"sub": tok.Claims.(jwt.MapClaims)["sub"]})
	})
	mux.HandleFunc("/basic/report", func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(u+":"+p), []byte("alice:wonderland")) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="why401 go", charset="UTF-8"`)
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		fmt.Fprintln(w, `{"report":"ok"}`)
	})
	// a forward proxy on the same port: absolute-form requests need
	// Proxy-Authorization (Basic alice:wonderland), then httputil forwards them
	fwd := &httputil.ReverseProxy{Director: func(r *http.Request) {}}
	http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.IsAbs() {
			// naive CORS for the SPA: echo any Origin on every answer; no OPTIONS
			// handling, so preflights still meet the Bearer check
			if o := r.Header.Get("Origin"); o != "" {
				w.Header().Set("Access-Control-Allow-Origin", o)
				w.Header().Set("Access-Control-Allow-Credentials", "true")
				w.Header().Set("Access-Control-Expose-Headers", "WWW-Authenticate")
			}
			mux.ServeHTTP(w, r)
			return
		}
		if r.Header.Get("Proxy-Authorization") != "Basic YWxpY2U6d29uZGVybGFuZA==" {
			w.Header().Set("Proxy-Authenticate", `Basic realm="why401 go proxy"`)
			http.Error(w, http.StatusText(http.StatusProxyAuthRequired), http.StatusProxyAuthRequired)
			return
		}
		r.Header.Del("Proxy-Authorization")
		fwd.ServeHTTP(w, r)
	}))
}

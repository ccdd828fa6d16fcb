#!/usr/bin/perl
# Mojolicious 9 (Debian libmojolicious-perl) + Mojo::JWT (libmojo-jwt-perl).
#   /basic/report  the Basic auth recipe of Mojolicious::Guides::Tutorial
#                  ("Require authentication": www_authenticate + 401 text)
#   /login, /api/me  Mojolicious signed cookie sessions (HMAC with app->secrets
#                  from the command line: a restart with new secrets makes old
#                  cookies fail their signature); `under` answers 401 (app code)
#   /jwt/me        Mojo::JWT->decode; its die message becomes the 401 (app code)
# Usage: perl mojo_app.pl PORT SESSION_SECRET JWT_SECRET
use Mojolicious::Lite -signatures;
use Mojo::JWT;

my ($port, $session_secret, $jwt_secret) = @ARGV;
app->secrets([$session_secret]);
app->log->level('warn');
# CORS for the SPA on another site: echo its Origin, allow credentials
app->hook(after_dispatch => sub ($c) {
  my $o = $c->req->headers->origin or return;
  $c->res->headers->header('Access-Control-Allow-Origin' => $o);
  $c->res->headers->header('Access-Control-Allow-Credentials' => 'true');
});

get '/' => sub ($c) { $c->render(text => '<!doctype html><title>mojo</title><h1>Mojolicious</h1>', format => 'html') };

get '/basic/report' => sub ($c) {
  return $c->render(json => {report => 'ok'}) if ($c->req->url->to_abs->userinfo // '') eq 'alice:wonderland';
  $c->res->headers->www_authenticate('Basic realm="why401 mojo"');
  $c->render(text => 'Authentication required!', status => 401);
};

get '/login' => sub ($c) { $c->session(user => 'alice'); $c->redirect_to('/') };

get '/jwt/me' => sub ($c) {
  my $h = $c->req->headers->authorization // '';
  unless ($h =~ /^Bearer (.+)$/) {
    $c->res->headers->www_authenticate('Bearer realm="why401-mojo"');
    return $c->render(json => {error => 'Missing token'}, status => 401);
  }
  my $claims = eval { Mojo::JWT->new(secret => $jwt_secret)->decode($1) };
  if (my $err = $@) {
    $err =~ s/ at \S+ line \d+\.?\n?//;
    $c->res->headers->www_authenticate(qq{Bearer realm="why401-mojo", error="invalid_token"});
    return $c->render(json => {error => $err}, status => 401);
  }
  $c->render(json => {user => $claims->{sub}});
};

under '/api' => sub ($c) {
  return 1 if $c->session('user');
  $c->render(json => {error => 'Please log in'}, status => 401);
  return undef;
};
get '/me' => sub ($c) { $c->render(json => {user => $c->session('user')}) };

app->start('daemon', '-l', "http://127.0.0.1:$port", '-m', 'production');

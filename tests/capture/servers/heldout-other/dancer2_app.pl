#!/usr/bin/perl
# Dancer2 0.400 (Debian libdancer2-perl) under Plack (libplack-perl), plackup's
# HTTP::Server::PSGI.
#   /admin/*  Plack::Middleware::Auth::Basic (its stock 401 "Authorization required")
#   /login, /api/me  Dancer2 sessions with the default Simple engine (in memory:
#             a restart forgets every session); the 401 is Dancer2's stock
#             error page from send_error (app code decides to send it)
# Usage: plackup -s HTTP::Server::PSGI --host 127.0.0.1 --port PORT dancer2_app.pl
use strict;
use warnings;
package Why401App;
use Dancer2;
set session => 'Simple';
set show_errors => 0;
get '/' => sub { '<!doctype html><title>dancer2</title><h1>Dancer2</h1>' };
get '/login' => sub { session user => 'alice'; redirect '/' };
get '/api/me' => sub {
  send_error('Not logged in', 401) unless session('user');
  content_type 'application/json';
  return '{"user":"' . session('user') . '"}';
};
get '/admin/stats' => sub { content_type 'application/json'; '{"visits":42}' };
package main;
use Plack::Builder;
builder {
  enable_if { $_[0]->{PATH_INFO} =~ m{^/admin/} } 'Auth::Basic', realm => 'why401 dancer2',
    authenticator => sub { $_[0] eq 'alice' && $_[1] eq 'wonderland' };
  Why401App->to_app;
};

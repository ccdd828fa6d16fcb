# Sinatra 3 + Rack 2.2 (Debian ruby-sinatra, ruby-rack, ruby-jwt, ruby-webrick).
#   /basic/*   Rack::Auth::Basic (stock 401: empty body, WWW-Authenticate: Basic)
#   /digest/*  Rack::Auth::Digest::MD5 (stock 401, qop="auth")
#   /login, /api/me  Sinatra cookie sessions (Rack::Session::Cookie, HMAC with
#              the session secret given on the command line: restarting with a
#              new secret makes old cookies unreadable); the 401 is app code
#              (`halt 401`), Sinatra has no built-in auth.
#   /jwt/me    ruby-jwt JWT.decode with iss/aud checks; the 401 is app code
#              carrying ruby-jwt's own exception message.
# Usage: ruby sinatra_app.rb PORT SESSION_SECRET JWT_SECRET
require 'sinatra/base'
require 'rack/auth/digest/md5'
require 'jwt'
require 'json'

PORT, SESSION_SECRET, JWT_SECRET = ARGV[0].to_i, ARGV[1], ARGV[2]
# nonces older than 2 s are stale (Rack's default has no limit)
Rack::Auth::Digest::Nonce.time_limit = 2

class App < Sinatra::Base
  set :sessions, key: 'rack.session', expire_after: 3600
  set :session_secret, SESSION_SECRET
  set :host_authorization, { permitted_hosts: [] } rescue nil

  get('/') { "<!doctype html><title>sinatra</title><h1>Sinatra #{Sinatra::VERSION}</h1>" }
  get '/login' do
    session[:user] = 'alice'
    redirect '/'
  end
  get '/api/me' do
    halt 401, { 'Content-Type' => 'application/json' }, JSON.generate(error: 'Not authenticated') unless session[:user]
    content_type :json
    JSON.generate(user: session[:user])
  end
  get '/jwt/me' do
    h = request.env['HTTP_AUTHORIZATION'].to_s
    unless h.start_with?('Bearer ')
      headers 'WWW-Authenticate' => 'Bearer realm="why401-sinatra"'
      halt 401, { 'Content-Type' => 'application/json' }, JSON.generate(error: 'Missing token')
    end
    begin
      claims, = JWT.decode(h.sub('Bearer ', ''), JWT_SECRET, true, algorithm: 'HS256',
        iss: 'https://login.idp.test/realms/why401', verify_iss: true, aud: 'why401-api', verify_aud: true)
    rescue JWT::DecodeError => e
      headers 'WWW-Authenticate' => %(Bearer realm="why401-sinatra", error="invalid_token", error_description="#{e.message.gsub('"', "'")}")
      halt 401, { 'Content-Type' => 'application/json' }, JSON.generate(error: e.class.name, message: e.message)
    end
    content_type :json
    JSON.generate(user: claims['sub'])
  end
end

basic = Rack::Auth::Basic.new(->(_env) { [200, { 'Content-Type' => 'application/json' }, ['{"report":"ok"}']] }, 'why401 sinatra') do |u, p|
  u == 'alice' && p == 'wonderland'
end
digest = Rack::Auth::Digest::MD5.new(->(_env) { [200, { 'Content-Type' => 'application/json' }, ['{"report":"ok"}']] }, 'why401 sinatra digest', 'why401-opaque-8c1d') do |u|
  { 'alice' => 'wonderland' }[u]
end
app = Rack::Builder.new do
  map('/basic') { run basic }
  map('/digest') { run digest }
  map('/') { run App }
end
require 'rack/handler/webrick'
Rack::Handler::WEBrick.run(app, Host: '127.0.0.1', Port: PORT)

# Rails 6.1 + Devise 4.8 (Debian ruby-rails, ruby-devise, ruby-sqlite3), one file.
# A JSON API with Devise's own failure app doing every 401:
#   POST /users/sign_in   Devise sessions (database_authenticatable), JSON
#   GET  /api/me          before_action :authenticate_user! (cookie session)
#   Devise http_authenticatable: Basic on the same routes; timeoutable with
#   timeout_in 3 s ("Your session expired").
# The cookie session's secret_key_base comes from the command line: a restart
# with a new one makes old `_why401_session` cookies unreadable.
# Usage: ruby rails_devise_app.rb PORT SECRET_KEY_BASE DB_PATH
require 'logger'
require 'rails'
require 'active_record/railtie'
require 'action_controller/railtie'
require 'devise'
require 'devise/orm/active_record'

PORT, SECRET_KEY_BASE, DB = ARGV[0].to_i, ARGV[1], ARGV[2]

ENV['DATABASE_URL'] = "sqlite3:#{DB}"

Devise.setup do |config|
  config.secret_key = SECRET_KEY_BASE
  config.mailer_sender = 'noreply@why401.test'
  config.http_authenticatable = true
  config.http_authentication_realm = 'why401 devise'
  config.timeout_in = 3.seconds
  config.navigational_formats = []
  config.skip_session_storage = [:http_auth]
  config.stretches = 1
end

class Why401App < Rails::Application
  config.root = __dir__
  config.eager_load = false
  config.logger = Logger.new($stderr)
  config.log_level = (ENV["WHY401_RAILS_LOG"] || "warn").to_sym
  config.secret_key_base = SECRET_KEY_BASE
  config.hosts.clear
  config.session_store :cookie_store, key: '_why401_session'
  config.action_controller.allow_forgery_protection = false
  config.middleware.use ActionDispatch::Cookies
  config.middleware.use ActionDispatch::Session::CookieStore, key: '_why401_session'
end

class User < ActiveRecord::Base
  devise :database_authenticatable, :timeoutable
end

class ApplicationController < ActionController::Base
  protect_from_forgery with: :null_session
end

class ApiController < ApplicationController
  before_action :authenticate_user!, only: :me
  def home
    render html: '<!doctype html><title>rails</title><h1>Rails + Devise</h1>'.html_safe
  end
  def me
    render json: { user: current_user.email }
  end
end

Rails.application.initialize!
ActiveRecord::Schema.verbose = false
ActiveRecord::Schema.define do
  create_table :users, force: true do |t|
    t.string :email, null: false, default: ''
    t.string :encrypted_password, null: false, default: ''
    t.timestamps
  end
end

Rails.application.routes.draw do
  devise_for :users, defaults: { format: :json }
  get '/', to: 'api#home'
  get '/api/me', to: 'api#me', defaults: { format: :json }
end
# initialize! already finalized the (then empty) routes, which configured
# Warden before devise_for existed: configure it again with the :user mapping
Devise.class_variable_set(:@@warden_configured, nil)
Devise.configure_warden!
# JSON sign-in (Devise's controllers respond to HTML only out of the box)
Devise::SessionsController.respond_to :html, :json
User.create!(email: 'alice@example.com', password: 'wonderland')

require 'rack/handler/webrick'
Rack::Handler::WEBrick.run(Rails.application, Host: '127.0.0.1', Port: PORT, Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN), AccessLog: [])

// Starts express-gateway (npm) with ./config. Used by tests/capture/run.sh.
const path = require('path');
require('express-gateway')().load(path.join(__dirname, 'config')).run();

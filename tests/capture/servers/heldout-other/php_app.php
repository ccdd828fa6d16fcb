<?php
// Plain PHP 8.2 behind `php -S` (Debian php-cli): router script.
//   /basic/report  the php.net "HTTP authentication with PHP" Basic example
//                  ($_SERVER['PHP_AUTH_USER'], header('WWW-Authenticate: Basic ...'))
//   /digest/report the php.net Digest example ($_SERVER['PHP_AUTH_DIGEST']),
//                  with the wrong-credentials branch answering 401
//   /login, /api/me  native sessions (PHPSESSID, files in session.save_path:
//                  emptying the directory, as a deploy or tmp cleaner does,
//                  forgets every session); the 401 JSON is app code
//   /api/reports   X-API-Key checked against a key list (app code)
//   /v1/me         301 to the Go API on api.why401.test (the API moved host)
$uri = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$users = ['alice' => 'wonderland'];
function unauthorized(array $headers, string $type, string $body): void {
    http_response_code(401);
    foreach ($headers as $h) header($h);
    header("Content-Type: $type");
    echo $body;
}
switch ($uri) {
case '/':
    echo "<!doctype html><title>php</title><h1>PHP " . PHP_VERSION . "</h1>\n";
    break;
case '/basic/report':
    if (!isset($_SERVER['PHP_AUTH_USER']) || ($users[$_SERVER['PHP_AUTH_USER']] ?? null) !== ($_SERVER['PHP_AUTH_PW'] ?? '')) {
        header('WWW-Authenticate: Basic realm="why401 php"');
        header('HTTP/1.0 401 Unauthorized');
        echo 'Text to send if user hits Cancel button';
        exit;
    }
    echo '{"report":"ok"}';
    break;
case '/digest/report':
    $realm = 'why401 php digest';
    $challenge = 'WWW-Authenticate: Digest realm="' . $realm . '",qop="auth",nonce="' . uniqid() . '",opaque="' . md5($realm) . '"';
    if (empty($_SERVER['PHP_AUTH_DIGEST'])) {
        unauthorized([$challenge], 'text/html; charset=UTF-8', 'Text to send if user hits Cancel button');
        exit;
    }
    $needed = ['nonce' => 1, 'nc' => 1, 'cnonce' => 1, 'qop' => 1, 'username' => 1, 'uri' => 1, 'response' => 1];
    preg_match_all('@(' . implode('|', array_keys($needed)) . ')=(?:([\'"])([^\2]+?)\2|([^\s,]+))@', $_SERVER['PHP_AUTH_DIGEST'], $m, PREG_SET_ORDER);
    $data = [];
    foreach ($m as $e) { $data[$e[1]] = $e[3] ? $e[3] : $e[4]; unset($needed[$e[1]]); }
    if ($needed || !isset($users[$data['username']])) { unauthorized([$challenge], 'text/html; charset=UTF-8', 'Wrong Credentials!'); exit; }
    $A1 = md5($data['username'] . ':' . $realm . ':' . $users[$data['username']]);
    $A2 = md5($_SERVER['REQUEST_METHOD'] . ':' . $data['uri']);
    $valid = md5($A1 . ':' . $data['nonce'] . ':' . $data['nc'] . ':' . $data['cnonce'] . ':' . $data['qop'] . ':' . $A2);
    if ($data['response'] != $valid) { unauthorized([$challenge], 'text/html; charset=UTF-8', 'Wrong Credentials!'); exit; }
    echo '{"report":"ok"}';
    break;
case '/v1/me':
    // the API moved to its own host: a permanent redirect, as after a migration
    header('Location: http://api.why401.test:' . (getenv('WHY401_GO_PORT') ?: '18404') . '/api/me', true, 301);
    break;
case '/login':
    session_start();
    $_SESSION['user'] = 'alice';
    header('Location: /');
    http_response_code(302);
    break;
case '/api/me':
    session_start();
    if (empty($_SESSION['user'])) { unauthorized([], 'application/json', '{"error":"unauthenticated","message":"Please sign in."}'); exit; }
    header('Content-Type: application/json');
    echo json_encode(['user' => $_SESSION['user']]);
    break;
case '/api/reports':
    $key = $_SERVER['HTTP_X_API_KEY'] ?? '';
    if (!in_array($key, ['phk_4f9c2a7e1b8d3c6a5e0f9b2d7c4a1e8f'], true)) {
        unauthorized([], 'application/json', json_encode(['error' => $key === '' ? 'API key missing' : 'Invalid API key']));
        exit;
    }
    echo '{"reports":[]}';
    break;
default:
    http_response_code(404);
    echo 'not found';
}

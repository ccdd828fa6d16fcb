module why401/heldout-go

go 1.19

require github.com/golang-jwt/jwt/v4 v4.4.3
replace github.com/golang-jwt/jwt/v4 => /usr/share/gocode/src/github.com/golang-jwt/jwt

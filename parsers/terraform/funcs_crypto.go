package terraform

import (
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/gocty"
)

// maxRSAKeyDER bounds the private keys rsadecrypt reads: a key of 8192
// bits is under 5 KB; decrypting with a larger one costs the cube of its
// size, and no configuration ships such a key to be read at plan time.
const maxRSAKeyDER = 6000

func cryptoFuncs() map[string]function.Function {
	hashFunc := func(name string, h func() hash.Hash, enc func([]byte) string) function.Function {
		return guard(name, function.New(&function.Spec{
			Params: []function.Parameter{str("str")},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				sum := h()
				sum.Write([]byte(args[0].AsString()))
				return cty.StringVal(enc(sum.Sum(nil))), nil
			},
		}))
	}
	b64 := base64.StdEncoding.EncodeToString
	return map[string]function.Function{
		"md5":          hashFunc("md5", md5.New, hex.EncodeToString),
		"sha1":         hashFunc("sha1", sha1.New, hex.EncodeToString),
		"sha256":       hashFunc("sha256", sha256.New, hex.EncodeToString),
		"sha512":       hashFunc("sha512", sha512.New, hex.EncodeToString),
		"base64sha256": hashFunc("base64sha256", sha256.New, b64),
		"base64sha512": hashFunc("base64sha512", sha512.New, b64),
		"uuidv5":       guard("uuidv5", uuidV5Func),
		"uuid":         unknownFunc(nil, cty.String, "uuid() is random, a new value on every run"),
		"bcrypt":       bcryptFunc,
		"rsadecrypt":   guard("rsadecrypt", rsaDecryptFunc),
	}
}

// uuidNamespaces are the namespaces uuidv5 knows by name (RFC 4122).
var uuidNamespaces = map[string]string{
	"dns":  "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
	"url":  "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
	"oid":  "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
	"x500": "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
}

// parseUUID reads a UUID in the forms Terraform's accepts: 32 hex digits,
// with dashes, in braces, or as a urn:uuid.
func parseUUID(s string) ([]byte, error) {
	switch len(s) {
	case 36:
	case 38:
		if s[0] != '{' || s[37] != '}' {
			return nil, errors.New("invalid UUID format")
		}
		s = s[1:37]
	case 45:
		if !strings.EqualFold(s[:9], "urn:uuid:") {
			return nil, fmt.Errorf("invalid urn prefix: %q", s[:9])
		}
		s = s[9:]
	case 32:
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, errors.New("invalid UUID format")
		}
		return b, nil
	default:
		return nil, fmt.Errorf("invalid UUID length: %d", len(s))
	}
	if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return nil, errors.New("invalid UUID format")
	}
	b, err := hex.DecodeString(s[:8] + s[9:13] + s[14:18] + s[19:23] + s[24:])
	if err != nil {
		return nil, errors.New("invalid UUID format")
	}
	return b, nil
}

var uuidV5Func = function.New(&function.Spec{
	Params: []function.Parameter{str("namespace"), str("name")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		ns := args[0].AsString()
		text := ns
		if named, ok := uuidNamespaces[ns]; ok {
			text = named
		}
		nsb, err := parseUUID(text)
		if err != nil {
			return cty.NilVal, fmt.Errorf("uuidv5() doesn't support namespace %s (%w)", ns, err)
		}
		h := sha1.New()
		h.Write(nsb)
		h.Write([]byte(args[1].AsString()))
		u := h.Sum(nil)[:16]
		u[6] = u[6]&0x0f | 0x50 // version 5
		u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
		x := hex.EncodeToString(u)
		return cty.StringVal(x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]), nil
	},
})

// bcryptFunc checks its arguments as Terraform's bcrypt does; its result
// is salted with random bytes, so it is never known before the run.
var bcryptFunc = function.New(&function.Spec{
	Params:   []function.Parameter{str("str")},
	VarParam: &function.Parameter{Name: "cost", Type: cty.Number},
	Type:     function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		if len(args) > 2 {
			return cty.NilVal, errors.New("bcrypt() takes no more than two arguments")
		}
		if len(args) == 2 {
			var cost int
			if err := gocty.FromCtyValue(args[1], &cost); err != nil {
				return cty.NilVal, err
			}
			if cost < 4 || cost > 31 {
				return cty.NilVal, fmt.Errorf("error occurred generating password crypto/bcrypt: cost %d is outside allowed inclusive range 4..31", cost)
			}
		}
		return unknownBecause(ret, "bcrypt() salts with random bytes, a new value on every run"), nil
	},
})

// rsaDecryptFunc is rsadecrypt with a PEM private key in PKCS #1 or PKCS #8
// form; a key in OpenSSH's own format is not read.
var rsaDecryptFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("ciphertext"), str("privatekey")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		s := args[0].AsString()
		ciphertext, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "failed to decode input %q: cipher text must be base64-encoded", s)
		}
		block, _ := pem.Decode([]byte(args[1].AsString()))
		if block == nil {
			return cty.NilVal, function.NewArgErrorf(1, "invalid private key: ssh: no key found")
		}
		switch {
		case block.Type == "OPENSSH PRIVATE KEY":
			return unknownBecause(ret, "rsadecrypt() with a key in OpenSSH format is not evaluated"), nil
		case len(block.Bytes) > maxRSAKeyDER:
			return unknownBecause(ret, "rsadecrypt() with a key over 8192 bits is not evaluated"), nil
		case strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED"):
			return cty.NilVal, function.NewArgErrorf(1, "invalid private key: this private key is passphrase protected")
		}
		var key any
		switch block.Type {
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		default:
			err = fmt.Errorf("ssh: unsupported key type %q", block.Type)
		}
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(1, "invalid private key: %s", err)
		}
		rsaKey, ok := key.(*rsa.PrivateKey)
		if !ok {
			return cty.NilVal, function.NewArgErrorf(1, "invalid private key type %T", key)
		}
		out, err := rsa.DecryptPKCS1v15(nil, rsaKey, ciphertext) //nolint:staticcheck // Terraform's rsadecrypt is PKCS #1 v1.5
		if err != nil {
			return cty.NilVal, fmt.Errorf("failed to decrypt: %w", err)
		}
		return cty.StringVal(string(out)), nil
	},
})

package report

import (
	"path/filepath"
	"strings"
)

// rootURI is the file URI of the scan root, with the trailing slash SARIF
// requires of a uriBaseId.
func rootURI(root string) (string, bool) {
	if root == "" {
		return "", false
	}
	uri, _ := absoluteURI(filepath.ToSlash(root))
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri, true
}

// absoluteURI turns an absolute path (/x/y, C:/x/y) into a file URI. A
// relative path stays relative to %SRCROOT%.
func absoluteURI(p string) (string, bool) {
	switch {
	case strings.HasPrefix(p, "/"):
		return "file://" + escapePath(p, true), true
	case len(p) >= 3 && p[1] == ':' && p[2] == '/' && isASCIILetter(p[0]):
		return "file:///" + escapePath(p, true), true
	}
	return "", false
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// escapePath percent-encodes a slash-separated path as an RFC 3986 path:
// unreserved characters, sub-delims, '@' and '/' stay; everything else,
// including non-ASCII bytes, is encoded. A colon is encoded in relative
// paths, where it would otherwise read as a URI scheme.
func escapePath(p string, colon bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if pathChar(c) || (c == ':' && colon) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func pathChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0
}

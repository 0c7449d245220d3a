package terraform

import (
	"errors"
	"path"
	"strings"
)

// maxGlobAlternatives bounds the patterns a fileset pattern's braces expand
// to: {a,b} repeated thirty times is two bytes a level and a billion
// patterns.
const maxGlobAlternatives = 1024

// glob matches slash-separated paths against a fileset pattern, as
// Terraform's glob library does: `*`, `?` and `[...]` within one path
// component, `**` as a whole component for any number of components, and
// `{a,b}` for alternatives.
type glob struct {
	alts [][]string // each alternative, split into components
}

func globMatcher(pattern string) (*glob, error) {
	alts, err := expandBraces(pattern)
	if err != nil {
		return nil, err
	}
	g := &glob{}
	for _, a := range alts {
		parts := strings.Split(path.Clean(a), "/")
		for _, p := range parts {
			if p != "**" {
				if _, err := path.Match(p, ""); err != nil {
					return nil, err
				}
			}
		}
		g.alts = append(g.alts, parts)
	}
	return g, nil
}

func (g *glob) matches(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, a := range g.alts {
		if matchParts(a, parts) {
			return true
		}
	}
	return false
}

// mayDescend reports whether files under dir may match.
func (g *glob) mayDescend(dir string) bool {
	parts := strings.Split(dir, "/")
	for _, a := range g.alts {
		if prefixMayMatch(a, parts) {
			return true
		}
	}
	return false
}

// matchParts matches by dynamic programming over (pattern, path) positions,
// so that many ** components cost their product, not an exponential.
func matchParts(pat, parts []string) bool {
	// ok[j] says whether pat[i:] matches parts[j:], for the current i.
	ok := make([]bool, len(parts)+1)
	ok[len(parts)] = true
	for i := len(pat) - 1; i >= 0; i-- {
		next := make([]bool, len(parts)+1)
		for j := len(parts); j >= 0; j-- {
			switch {
			case pat[i] == "**":
				next[j] = ok[j] || (j < len(parts) && next[j+1])
			case j < len(parts):
				m, _ := path.Match(pat[i], parts[j])
				next[j] = m && ok[j+1]
			}
		}
		ok = next
	}
	return ok[0]
}

func prefixMayMatch(pat, dirs []string) bool {
	for len(dirs) > 0 {
		if len(pat) == 0 {
			return false
		}
		if pat[0] == "**" {
			return true
		}
		if ok, _ := path.Match(pat[0], dirs[0]); !ok {
			return false
		}
		pat, dirs = pat[1:], dirs[1:]
	}
	return len(pat) > 0
}

var errGlobAlternatives = errors.New("too many alternatives in pattern")

// expandBraces turns a pattern with {a,b} groups into the patterns without
// them.
func expandBraces(p string) ([]string, error) {
	open := -1
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '{':
			open = i
		}
		if open >= 0 {
			break
		}
	}
	if open < 0 {
		return []string{p}, nil
	}
	depth, start := 0, open+1
	var choices []string
	for i := open; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				choices = append(choices, p[start:i])
				var out []string
				for _, c := range choices {
					rest, err := expandBraces(p[:open] + c + p[i+1:])
					if err != nil {
						return nil, err
					}
					out = append(out, rest...)
					if len(out) > maxGlobAlternatives {
						return nil, errGlobAlternatives
					}
				}
				return out, nil
			}
		case ',':
			if depth == 1 {
				choices = append(choices, p[start:i])
				start = i + 1
			}
		}
	}
	return nil, path.ErrBadPattern
}

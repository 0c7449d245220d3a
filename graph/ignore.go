package graph

import (
	"regexp"
	"strings"
)

// IgnoreMarker starts an in-source suppression comment.
const IgnoreMarker = "trailint:ignore"

// ruleID matches what an ignore may name: a rule id, or all of them.
var ruleID = regexp.MustCompile(`^(?:TL[0-9]+|all|\*)$`)

// ParseIgnore reads a comment's text, without its marker ("#", "//"), as
// a suppression: `trailint:ignore TL011 TL012 reason`, or
// `trailint:ignore TL011,TL012 reason`. The rule ids come first, separated
// by spaces or commas; the reason is the rest. ok is false when the
// comment is not a suppression; ids is empty when it names no rule, which
// the caller reports. Both formats read their comments with it, so that a
// suppression means the same in HCL and YAML.
func ParseIgnore(comment string) (ids []string, reason string, ok bool) {
	body := strings.TrimSpace(comment)
	rest, found := strings.CutPrefix(body, IgnoreMarker)
	if !found || rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ',' {
		return nil, "", false
	}
	rest = strings.TrimSpace(rest)
	for rest != "" {
		tok := rest
		if i := strings.IndexAny(rest, " \t,"); i >= 0 {
			tok = rest[:i]
		}
		if tok != "" {
			if !ruleID.MatchString(tok) {
				break
			}
			ids = append(ids, tok)
		}
		rest = strings.TrimLeft(rest[len(tok):], " \t,")
	}
	return ids, rest, true
}

// IgnoreWithoutRule words the problem of a suppression that names no rule,
// the same for every format.
const (
	IgnoreWithoutRule       = "trailint:ignore without a rule id"
	IgnoreWithoutRuleDetail = "name the rules before the reason: trailint:ignore TL013 TL012 the reason"
)

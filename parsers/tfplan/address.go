package tfplan

import (
	"strconv"
	"strings"
)

// step is one part of an address or reference: a name, and the instance
// key written after it ("[0]", `["a"]`), as written.
type step struct {
	name string
	key  string
}

// splitSteps splits "module.a[\"x\"].aws_kms_key.k[0]" into its steps. It
// returns what it could read and false when the text is not an address
// Terraform writes.
func splitSteps(s string) ([]step, bool) {
	var out []step
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && s[j] != '.' && s[j] != '[' {
			if s[j] == ']' || s[j] == '"' || s[j] <= ' ' {
				return out, false
			}
			j++
		}
		if j == i {
			return out, false
		}
		st := step{name: s[i:j]}
		if j < len(s) && s[j] == '[' {
			end, ok := keyEnd(s, j)
			if !ok {
				return out, false
			}
			st.key = s[j:end]
			j = end
		}
		out = append(out, st)
		if j == len(s) {
			return out, true
		}
		if s[j] != '.' || j+1 == len(s) {
			return out, false
		}
		i = j + 1
	}
	return out, false
}

// keyEnd returns the end of the key that starts at s[i] == '[': a number
// or a quoted string, then ']'.
func keyEnd(s string, i int) (int, bool) {
	j := i + 1
	switch {
	case j < len(s) && s[j] == '"':
		j++
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(s) {
			return 0, false
		}
		j++
	default:
		start := j
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '-') {
			j++
		}
		if j == start {
			return 0, false
		}
	}
	if j >= len(s) || s[j] != ']' {
		return 0, false
	}
	return j + 1, true
}

// keyText is a key as a value: "0" for [0], a for ["a"].
func keyText(raw string) string {
	k := strings.TrimSuffix(strings.TrimPrefix(raw, "["), "]")
	if strings.HasPrefix(k, `"`) {
		if u, err := strconv.Unquote(k); err == nil {
			return u
		}
		return k[1 : len(k)-1]
	}
	return k
}

// address is a resource instance address read.
type address struct {
	module string // module instance: module.a["x"].module.b
	mode   Mode
	typ    string
	name   string
	key    string // as written: [0]
}

// parseAddress reads a resource instance address.
func parseAddress(s string) (address, bool) {
	steps, ok := splitSteps(s)
	if !ok {
		return address{}, false
	}
	var a address
	var mod []string
	i := 0
	for i+2 < len(steps) && steps[i].name == "module" && steps[i].key == "" {
		mod = append(mod, "module."+steps[i+1].name+steps[i+1].key)
		i += 2
	}
	a.module = strings.Join(mod, ".")
	if i < len(steps) && steps[i].name == "data" && steps[i].key == "" && len(steps)-i == 3 {
		a.mode = Data
		i++
	}
	if len(steps)-i != 2 || steps[i].key != "" {
		return address{}, false
	}
	a.typ, a.name, a.key = steps[i].name, steps[i+1].name, steps[i+1].key
	return a, true
}

// moduleSteps splits a module instance address into its calls: the names
// and keys.
func moduleSteps(m string) []step {
	if m == "" {
		return nil
	}
	steps, _ := splitSteps(m)
	var out []step
	for i := 0; i+1 < len(steps); i += 2 {
		if steps[i].name != "module" {
			break
		}
		out = append(out, steps[i+1])
	}
	return out
}

func joinModule(calls []step) string {
	parts := make([]string, len(calls))
	for i, c := range calls {
		parts[i] = "module." + c.name + c.key
	}
	return strings.Join(parts, ".")
}

// configPath is the module of the configuration a module instance is of:
// module.a["x"] is of module.a.
func configPath(m string) string {
	calls := moduleSteps(m)
	for i := range calls {
		calls[i].key = ""
	}
	return joinModule(calls)
}

// parentModule is the module instance that calls m.
func parentModule(m string) string {
	calls := moduleSteps(m)
	if len(calls) == 0 {
		return ""
	}
	return joinModule(calls[:len(calls)-1])
}

// lastCall is the call that makes m: its name and key.
func lastCall(m string) step {
	calls := moduleSteps(m)
	if len(calls) == 0 {
		return step{}
	}
	return calls[len(calls)-1]
}

// canonical writes an instance address with its keys as the Terraform
// loader writes them, numbers bare and strings Go-quoted, so that
// addresses written by either can be matched.
func canonical(s string) string {
	steps, ok := splitSteps(s)
	if !ok {
		return s
	}
	var b strings.Builder
	for i, st := range steps {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(st.name)
		if st.key == "" {
			continue
		}
		k := keyText(st.key)
		if strings.HasPrefix(st.key, `["`) {
			b.WriteString("[" + strconv.Quote(k) + "]")
		} else {
			b.WriteString("[" + k + "]")
		}
	}
	return b.String()
}

package terraform

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/trailint/trailint/graph"
)

// errPathUnknown refuses a path with holes: which file it names is not
// known statically.
var errPathUnknown = errors.New("the path is not known statically")

// resolveIn turns p, relative to the dir base of the scan, into a path of
// the scan's file system. The repository is the boundary, as Terraform
// follows local paths wherever they lead: p may climb above the scan root
// by as many levels as the repository reaches (Options.Above), never
// further, and an absolute path is refused.
func (l *loader) resolveIn(base, p string) (string, error) {
	if graph.HasHoles(p) {
		return "", errPathUnknown
	}
	if path.IsAbs(p) || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':') {
		return "", fmt.Errorf("absolute path %q is outside the repository", p)
	}
	j := path.Join(base, p)
	up, rest := 0, j
	for rest == ".." || strings.HasPrefix(rest, "../") {
		up++
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, ".."), "/")
	}
	if rest == "" {
		rest = "."
	}
	if up > l.opts.Above || !fs.ValidPath(rest) {
		return "", fmt.Errorf("path %q is outside the repository", p)
	}
	return j, nil
}

// resolveModule is the dir a local module source names.
func (l *loader) resolveModule(from, source string) (string, error) {
	return l.resolveIn(from, source)
}

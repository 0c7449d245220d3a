package scan

import (
	"strings"
	"testing"
)

// Files over a bound are refused with a diagnostic at the file, and the
// files beside them are analysed.
func TestBounds(t *testing.T) {
	deep := "locals {\n  x = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n}\n"
	big := "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n#" + strings.Repeat("x", 200) + "\n"
	cases := []struct {
		name  string
		files map[string]string
		max   int64
		want  string
	}{
		{"template over MaxFileSize", map[string]string{"big.yaml": big}, 100,
			goodRes + "\ndiag 0 big.yaml:1:1 file is too large to analyse (255 bytes, limit 100): the template is not analysed; --max-file-size raises the limit"},
		{"Terraform file over MaxFileSize", map[string]string{"big/main.tf": "#" + strings.Repeat("x", 200) + "\n"}, 100,
			goodRes + "\ndiag 0 big/main.tf:1:1 Cannot read big/main.tf: file is 202 bytes, over the limit of 100"},
		{"100,000 nested brackets in a .tf file", map[string]string{"deep/main.tf": deep}, 0,
			goodRes + "\ndiag 0 deep/main.tf:2:262 Nesting too deep: brackets nest more than 256 levels deep; the file is not analysed"},
		{"100,000 nested sequences in a template", map[string]string{"deep.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nX: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n"}, 0,
			goodRes + "\ndiag 0 deep.yaml:2:1 template does not parse: exceeded max depth of 10000: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{"good/main.tf": goodTF, "good.yaml": goodYAML})
			writeTree(t, root, c.files)
			if got := summary(run(t, root, Options{MaxFileSize: c.max})); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

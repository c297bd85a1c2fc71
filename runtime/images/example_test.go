package images_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gantryhq/gantry/runtime/images"
)

// Pack a static binary into an image archive and read it back.
func Example() {
	dir, err := os.MkdirTemp("", "pack")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "echo")
	if err := os.WriteFile(bin, []byte("a static binary"), 0o755); err != nil {
		log.Fatal(err)
	}
	var archive bytes.Buffer
	if _, err := images.Pack(images.PackOptions{Name: "gantry.local/echo:1", From: bin, ExposedPorts: []string{"8080"}}, &archive); err != nil {
		log.Fatal(err)
	}
	a, err := images.Read(&archive)
	if err != nil {
		log.Fatal(err)
	}
	img := a.Images[0]
	fmt.Println(img.Name, img.Config.Config.Entrypoint, len(img.Manifest.Layers), "layer")
	// Output: gantry.local/echo:1 [/echo] 1 layer
}

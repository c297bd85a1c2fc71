package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gantryhq/gantry/runtime/images"
)

func newImageCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "image",
		Short: "Build, inspect and import container image archives without a registry",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newImagePackCommand(), newImageInspectCommand(), newImageImportCommand())
	return cmd
}

func newImagePackCommand() *cobra.Command {
	var (
		opts   images.PackOptions
		output string
	)
	cmd := &cobra.Command{
		Use:   "pack --name NAME --from FOLDER|BINARY -o OUTPUT.tar",
		Short: "Build an OCI image archive from a folder or a static binary",
		Long: "Build a one-layer image from a folder (its content becomes the image's root) or a\n" +
			"file such as a static binary (put at --path, by default /<its name>, and made the\n" +
			"entrypoint), and write it as an OCI image layout tar that `gantry image import`,\n" +
			"containerd and docker load accept. The same input always gives the same digests.",
		Example: "  gantry image pack --name gantry.local/echo:1 --from ./echo --port 8080 -o echo.tar",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output == "" {
				return fmt.Errorf("no output given: use -o FILE.tar (or -o - for stdout)")
			}
			var w io.Writer = cmd.OutOrStdout()
			var f *os.File
			if output != "-" {
				var err error
				if f, err = os.Create(output); err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			bw := bufio.NewWriter(w)
			img, err := images.Pack(opts, bw)
			if err != nil {
				if f != nil {
					f.Close()
					os.Remove(output)
				}
				return err
			}
			if err := bw.Flush(); err != nil {
				return err
			}
			if f != nil {
				if err := f.Close(); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "packed %s (%s, id %s) into %s\n", img.Name, img.ManifestDigest, img.ID(), output)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "the image's full reference, such as gantry.local/app:1 (required)")
	fl.StringVar(&opts.From, "from", "", "a folder or a file (a static binary) to pack (required)")
	fl.StringVar(&opts.Path, "path", "", "where a file goes in the image (default /<its name>)")
	fl.StringSliceVar(&opts.Entrypoint, "entrypoint", nil, "the entrypoint, comma-separated words (default for a file: its path)")
	fl.StringSliceVar(&opts.Cmd, "cmd", nil, "the default arguments, comma-separated")
	fl.StringArrayVar(&opts.Env, "env", nil, "an environment variable KEY=value (repeatable; default PATH=...)")
	fl.StringSliceVar(&opts.ExposedPorts, "port", nil, "an exposed port: 8080, 8080/tcp or 53/udp (repeatable)")
	fl.StringVar(&opts.WorkingDir, "workdir", "", "the working directory (default /)")
	fl.StringVar(&opts.User, "user", "", "the user, such as 1000 or 1000:1000 (default root)")
	fl.StringVar(&opts.Architecture, "arch", "", "the image's architecture (default this binary's)")
	fl.StringVarP(&output, "output", "o", "", "the archive to write (- for stdout)")
	return cmd
}

func newImageInspectCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "inspect ARCHIVE.tar",
		Short: "Print the images of an OCI or docker save archive: names, digests and config",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = cmd.InOrStdin()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				r = bufio.NewReader(f)
			}
			a, err := images.Read(r)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				type jsonImage struct {
					Name     string            `json:"name"`
					ID       string            `json:"id"`
					Digest   string            `json:"digest"`
					Size     int64             `json:"size"`
					Manifest images.Manifest   `json:"manifest"`
					Config   images.ConfigFile `json:"config"`
				}
				list := make([]jsonImage, 0, len(a.Images))
				for _, img := range a.Images {
					list = append(list, jsonImage{img.Name, img.ID(), img.ManifestDigest, img.Size, img.Manifest, img.Config})
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"format": a.Format, "images": list})
			}
			var b bytes.Buffer
			fmt.Fprintf(&b, "archive: %s (%s format, %d image(s))\n", filepath.Base(args[0]), a.Format, len(a.Images))
			for _, img := range a.Images {
				c := img.Config.Config
				name := img.Name
				if name == "" {
					name = "<unnamed>"
				}
				fmt.Fprintf(&b, "\n%s\n", name)
				fmt.Fprintf(&b, "  digest:      %s\n", img.ManifestDigest)
				fmt.Fprintf(&b, "  id:          %s\n", img.ID())
				fmt.Fprintf(&b, "  platform:    %s/%s\n", img.Config.OS, img.Config.Architecture)
				fmt.Fprintf(&b, "  size:        %d bytes\n", img.Size)
				fmt.Fprintf(&b, "  entrypoint:  %s\n", quoteList(c.Entrypoint))
				fmt.Fprintf(&b, "  cmd:         %s\n", quoteList(c.Cmd))
				fmt.Fprintf(&b, "  workdir:     %s\n", c.WorkingDir)
				if c.User != "" {
					fmt.Fprintf(&b, "  user:        %s\n", c.User)
				}
				var ports []string
				for p := range c.ExposedPorts {
					ports = append(ports, p)
				}
				slices.Sort(ports)
				fmt.Fprintf(&b, "  ports:       %s\n", strings.Join(ports, " "))
				fmt.Fprintf(&b, "  env:\n")
				for _, e := range c.Env {
					fmt.Fprintf(&b, "    %s\n", e)
				}
				fmt.Fprintf(&b, "  layers:\n")
				for _, l := range img.Manifest.Layers {
					fmt.Fprintf(&b, "    %s %d bytes (%s)\n", l.Digest, l.Size, l.MediaType)
				}
			}
			_, err = out.Write(b.Bytes())
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the manifests and configs as JSON")
	return cmd
}

func quoteList(words []string) string {
	if len(words) == 0 {
		return "-"
	}
	b, _ := json.Marshal(words)
	return string(b)
}

func newImageImportCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import ARCHIVE.tar...",
		Short: "Import image archives into the node's runtime (not supported yet)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(*cobra.Command, []string) error {
			return fmt.Errorf("gantry image import is not supported yet: it needs the containerd runtime (issue 5); " +
				"use `ctr -n gantry images import ARCHIVE.tar` meanwhile, or ImportImage of a runtime in Go")
		},
	}
}

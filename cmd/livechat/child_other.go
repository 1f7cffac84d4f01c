//go:build !linux

package main

import (
	"os/exec"
	"syscall"
)

// setChildAttrs puts the child in its own process group so it can be
// stopped with everything it spawned.
func setChildAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

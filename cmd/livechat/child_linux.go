package main

import (
	"os/exec"
	"syscall"
)

// setChildAttrs puts the child in its own process group (so it can be
// stopped with everything it spawned) and has the kernel end it if livechat
// dies without cleaning up, so no orphan is left behind.
func setChildAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

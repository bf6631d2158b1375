import os, pty, time, fcntl, termios, struct, select, signal
pid, fd = pty.fork()
if pid == 0:
    os.execv("/work/target-fg/debug/ocw", ["ocw","send","lead.qualified","--to","http://127.0.0.1:43625/h","-n","1000","-c","4","--secret","s"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
out=b""; t0=time.time(); sent=False
while True:
    if not sent and time.time()-t0>1.5:
        os.write(fd, b"\x03"); sent=True
    r,_,_=select.select([fd],[],[],0.1)
    if r:
        try: d=os.read(fd, 65536)
        except OSError: break
        if not d: break
        out+=d
    if time.time()-t0>15: break
os.waitpid(pid,0)
print(repr(out[-1500:]))

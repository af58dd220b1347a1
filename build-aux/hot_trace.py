# hot_trace.py — a gdb script (gdb -batch -x build-aux/hot_trace.py --args TOOL ARGS...):
# run TOOL once with a breakpoint on every function of its own text that never stops it,
# and append the functions that ran to $HOT_OUT, one per line: "src NAME" when netdx's
# source defines it (gdb has its line table), "lib NAME" for a static library's.
# build-aux/hot_lists.sh turns those lines into build-aux/hot/TOOL.list.
import os
import subprocess

import gdb

binary = os.path.realpath(gdb.current_progspace().filename)
out_path = os.environ["HOT_OUT"]


def text_functions():
    """(offset, name) of every function defined in the binary's text."""
    nm = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "Tt":
            yield int(fields[0], 16), fields[2]


def load_base(pid):
    """Where the binary's first segment is mapped (it is position independent)."""
    with open("/proc/%d/maps" % pid) as maps:
        for line in maps:
            fields = line.split()
            if fields[-1] == binary:
                return int(fields[0].split("-")[0], 16)
    raise gdb.GdbError("hot_trace: %s is not mapped" % binary)


ran = {}


class Seen(gdb.Breakpoint):
    """Notes the function it sits on the first time it runs, and never stops."""

    def stop(self):
        if self.name not in ran:
            sal = gdb.find_pc_line(gdb.selected_frame().pc())
            ran[self.name] = "src" if sal.symtab is not None else "lib"
        return False


gdb.execute("set pagination off")
gdb.execute("starti", to_string=True)
base = load_base(gdb.selected_inferior().pid)
for offset, name in text_functions():
    bp = Seen("*0x%x" % (base + offset), internal=True)
    bp.name = name
gdb.execute("continue", to_string=True)
with open(out_path, "a") as out:
    for name, origin in ran.items():
        out.write("%s %s\n" % (origin, name))

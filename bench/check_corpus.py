"""Writes N runbooks for bench/check: the shapes people write, nested fences included (python3 check_corpus.py DIR N)."""
import os
import sys

TOP = """---
title: Runbook {i}
params:
  env: {{ default: staging, enum: [staging, prod] }}
  release: {{ default: r{i} }}
---
# Runbook {i}

Check the disk first.

```sh {{#disk-{i} timeout=60}}
df -h /
echo "${{params.release}} on ${{params.env}}"
```
"""

STEPS = """
## Steps

1. Stop the service:

   ```bash
   systemctl stop app-{i}
   ```

2. Copy the files:

   - from the share

     ```sh
     cp -r /srv/share/{i} /srv/app
     ```

3. Look at the log.
"""

QUOTE = """
> **Note** run this only once:
>
> ```shell
> for i in {{09..11}}; do echo $i; done
> ```
"""

TRANSCRIPT = """
```console
$ uname -r
6.1.0-{i}-amd64
$ echo done
done
```
"""

ANSIBLE = """
```ansible {{#patch-{i} hosts=web check=true}}
- hosts: web
  gather_facts: false
  tasks:
    - ansible.builtin.command: echo {{{{ inventory_hostname }}}}
      changed_when: false
```
"""

TAIL = """
```sh {{#after-{i}{odd}}}
echo "${{cells.disk-{i}.stdout}}"
```

Done. See [the wiki](https://example.org/wiki/{i}).
"""


def runbook(i):
    parts = [TOP.format(i=i)]
    if i % 2 == 0:
        parts.append(STEPS.format(i=i))
    if i % 3 == 0:
        parts.append(QUOTE.format(i=i))
    if i % 4 == 0:
        parts.append(TRANSCRIPT.format(i=i))
    if i % 5 == 0:
        parts.append(ANSIBLE.format(i=i))
    parts.append(TAIL.format(i=i, odd=" colour=blue" if i % 10 == 0 else ""))
    return "".join(parts)


def main():
    folder, count = sys.argv[1], int(sys.argv[2])
    for i in range(count):
        sub = os.path.join(folder, "team-%02d" % (i % 50))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "runbook-%05d.md" % i), "w", encoding="utf-8") as f:
            f.write(runbook(i))


if __name__ == "__main__":
    main()

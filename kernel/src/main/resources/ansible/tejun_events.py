# Tejun's Ansible callback plugin: one JSON line per event, written to stdout right after the stdout callback printed
# the same event, behind a mark (RS, the token from TEJUN_ANSIBLE_EVENTS_MARK, a space), so the executor reads each
# event in the place Ansible printed it: a host's status moves as its line appears. The executor takes these lines
# out of the log. Ansible calls the stdout callback first and then this one, in its main process, so the order holds.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
    name: tejun_events
    type: aggregate
    short_description: JSON lines of play, task and host events for Tejun
    description:
      - Writes one JSON object per line for each play, task start, host result and the final stats.
    requirements:
      - the TEJUN_ANSIBLE_EVENTS_MARK environment variable holds the run's mark
'''

import json
import os
import sys
import time

from ansible.plugins.callback import CallbackBase

MAX_TEXT = 2000


def _text(value):
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + '...'


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'tejun_events'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        # taken out of the environment before any task runs: a local task cannot learn the mark and forge events
        self._mark = os.environ.pop('TEJUN_ANSIBLE_EVENTS_MARK', None)
        # the facts a cell with into= stores: the observed sheet's column names, with or without ansible_
        self._facts = [n for n in os.environ.pop('TEJUN_ANSIBLE_FACTS', '').split(',') if n]

    def _emit(self, event, **fields):
        if self._mark is None:
            return
        fields['event'] = event
        fields['at'] = time.time()
        line = json.dumps(fields, default=str, separators=(',', ':'), ensure_ascii=True)
        sys.stdout.write('\x1e' + self._mark + ' ' + line + '\n')
        sys.stdout.flush()

    def v2_playbook_on_play_start(self, play):
        self._emit('play', play=play.get_name())

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._emit('task', task=task.get_name())

    def v2_playbook_on_handler_task_start(self, task):
        self._emit('task', task=task.get_name(), handler=True)

    def _host_event(self, status, result, **extra):
        r = result._result
        self._emit('host', status=status, host=result._host.get_name(), task=result._task.get_name(),
                   changed=bool(r.get('changed', False)), msg=_text(r.get('msg')), rc=r.get('rc'),
                   stdout=_text(r.get('stdout')), stderr=_text(r.get('stderr')), **extra)

    def v2_runner_on_ok(self, result):
        self._host_event('changed' if result._result.get('changed', False) else 'ok', result)
        self._facts_event(result)

    def _facts_event(self, result):
        facts = result._result.get('ansible_facts')
        if not self._facts or not isinstance(facts, dict):
            return
        found = {}
        for name in self._facts:
            for key in (name, 'ansible_' + name):
                if key in facts:
                    found[name] = facts[key]
                    break
        if found:
            self._emit('facts', host=result._host.get_name(), facts=found)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._host_event('failed', result, ignored=bool(ignore_errors))

    def v2_runner_on_skipped(self, result):
        self._host_event('skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._host_event('unreachable', result)

    def v2_playbook_on_stats(self, stats):
        hosts = {}
        for host in sorted(stats.processed.keys()):
            hosts[host] = stats.summarize(host)
        self._emit('stats', hosts=hosts)

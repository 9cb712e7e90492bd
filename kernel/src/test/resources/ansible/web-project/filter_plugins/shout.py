# A filter plugin beside the playbook, as public playbooks ship them.


def shout(text):
    return str(text).upper() + '!'


class FilterModule(object):
    def filters(self):
        return {'shout': shout}

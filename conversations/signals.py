"""Remove an attachment's file once its row is gone for good."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from conversations.models import Attachment


@receiver(post_delete, sender=Attachment)
def delete_attachment_file(sender, instance, **kwargs):
    """Delete the file after the commit, so a rolled-back delete keeps it."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))

import os

from django.core.wsgi import get_wsgi_application

from cepathway.core.garbage import FreezeWhatLasts

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cepathway.settings")
application = FreezeWhatLasts(get_wsgi_application())

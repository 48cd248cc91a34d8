from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect


# ruleid: python-django-csrf-exempt
@csrf_exempt
def transfer(request):
    return HttpResponse("ok")


# ok: python-django-csrf-exempt
@csrf_protect
def profile(request):
    return HttpResponse("ok")

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORTAL_VAR_DIR=/app/var \
    MEDIA_ROOT=/app/media \
    STATIC_ROOT=/app/staticfiles

RUN apt-get update && apt-get install -y --no-install-recommends curl procps libpango-1.0-0 libpangoft2-1.0-0 fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files are collected in production mode, so the manifest that production's storage reads
# is written. The keys and host exist only for this one command; the running image needs real ones.
RUN PORTAL_ENV=production ALLOWED_HOSTS=build.invalid \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    EVIDENCE_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    python manage.py collectstatic --no-input -v 0
RUN useradd --create-home --uid 1000 portal \
    && mkdir -p /app/var /app/media \
    && chown -R portal /app/var /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

# Sesame: one Daphne process per container; scale out behind a proxy with PostgreSQL and Redis.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SESAME_VAR_DIR=/data
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
# Volumes mounted at /data/media and /data/staticfiles start as copies of these, owned by sesame.
RUN useradd --create-home sesame && mkdir -p /data/media /data/staticfiles && chown -R sesame /data
USER sesame
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec python -m core.serve --host 0.0.0.0 --port 8000"]

# opendias: the service on its embedded defaults (sample data, SQLite, local Dask).
FROM python:3.12-slim-bookworm

WORKDIR /srv/opendias
COPY . .
RUN pip install --no-cache-dir . \
 && useradd --system --home /srv/opendias opendias \
 && mkdir -p /var/lib/opendias && chown opendias /var/lib/opendias

USER opendias
ENV OPENDIAS_HOME=/var/lib/opendias \
    OPENDIAS_PYGEOAPI_CONFIG=/srv/opendias/pygeoapi-config.yml \
    OPENDIAS_WPS_CONFIG=/srv/opendias/wps.cfg
EXPOSE 5000
VOLUME /var/lib/opendias
CMD ["opendias", "serve", "--host", "0.0.0.0", "--port", "5000"]

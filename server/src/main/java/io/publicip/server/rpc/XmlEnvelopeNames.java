package io.publicip.server.rpc;

import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.publicip.server.generated.model.ErrorResponse;
import jakarta.inject.Singleton;

/**
 * XML as the real service writes it: an XML declaration first, and the error envelope's root
 * element named {@code Error}, whatever the generated model class is called (a mix-in, because
 * generated code is not edited).
 */
@Singleton
class XmlEnvelopeNames implements BeanCreatedEventListener<XmlMapper> {

    @JacksonXmlRootElement(localName = "Error")
    private interface ErrorRoot {
    }

    @Override
    public XmlMapper onCreated(BeanCreatedEvent<XmlMapper> event) {
        XmlMapper mapper = event.getBean();
        mapper.addMixIn(ErrorResponse.class, ErrorRoot.class);
        mapper.configure(ToXmlGenerator.Feature.WRITE_XML_DECLARATION, true);
        return mapper;
    }
}
